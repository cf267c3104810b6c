"""Plug-ins that the Rasa server loads by module path (endpoints.yml, config.yml). Thin: rules live elsewhere in bot/."""
