"""Mock agency APIs (Sanic). `python -m bot.agencies.mock` starts them; create_app() builds the app."""
