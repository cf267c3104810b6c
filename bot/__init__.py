"""Veiviser's own library: business rules, agency clients and the web page. Knows nothing of Rasa
except in bot/rasa_plugins/, which the Rasa server loads."""

