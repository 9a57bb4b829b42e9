"""Themes: the look of one municipality (its name, logo, favicon and colour tokens), one file per theme.

``theme`` reads and checks a theme file (pure Python, so the configuration check can use it without the app);
``web`` serves the theme's tokens as a stylesheet and gives the templates the theme. README, "Look and theme".
"""
