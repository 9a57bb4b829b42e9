"""Signals from residents: clustering recurring matters per team area."""
