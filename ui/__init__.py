"""The Gradio UI: renders the assistant's cited answers; holds no retrieval logic (see ui.app)."""
