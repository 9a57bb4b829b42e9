"""Signals: what residents notice in their neighbourhood, clustered into recurring matters."""
