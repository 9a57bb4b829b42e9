"""The site's own pages: the home page, the language switch and the privacy statement."""
