"""The conversation's business rules, without Rasa: what to say and how the person's state changes.

actions/ turns a Rasa tracker into a ConversationState, calls one function here, and turns the Reply back into
Rasa events and messages.
"""
