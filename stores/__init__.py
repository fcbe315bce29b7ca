"""Conversation storage: Rasa's SQL tracker store made to ride out database restarts, and the
retention command that deletes old conversations."""
