"""The reader's screens: the main screen and its modal dialogs."""
