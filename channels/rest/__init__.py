"""The REST channel (the web widget, the kiosk, tests): Rasa's, with strict input handling."""
