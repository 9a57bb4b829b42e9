"""Neighbourly help: offers, requests, and matching by community workers."""
