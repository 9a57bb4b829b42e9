"""Overviews after log-in: "Vandaag" for workers, "Mijn buurt" for residents."""
