"""Veiviser's web chat: a static, embeddable widget and a demo page, served by a small Python server.

`python -m bot.web` serves bot/web/static/, Designsystemet's CSS from bot/web/node_modules/ (installed by
`make web-deps`), and proxies the Rasa REST webhook and tracker API so that the page needs no CORS set-up.
"""
