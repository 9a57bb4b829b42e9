"""Neighbourhood initiatives: propose, lifecycle, join in, conversation, the workers' queue;
finding them, the agenda and photos."""
