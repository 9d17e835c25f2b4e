"""The atlas of twinning networks (issue 20): cities, the links between them, migration corridors."""
