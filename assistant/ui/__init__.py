"""The Gradio chat, a thin display layer over the Assistant.

- `render`: pure functions from answers, documents and topic matches to escaped HTML;
- `callbacks`: what the buttons and fields do (they call library code and the renderers);
- `layout`: the tabs and their wiring (`build_ui`);
- `serve`: authentication, start-up warnings and `launch`.

Nothing is imported here, so that importing a renderer does not load Gradio.
"""
