"""The site's own pages: the home page, the language switch, the privacy and accessibility statements."""
