"""Rasa custom actions: thin adapters between Rasa's tracker and the rules in bot/dialogue."""
from bot.privacy import install_log_redaction

# The action server sees what people type: its log lines are redacted like everything else.
install_log_redaction()
