"""The partnership data: places, partnerships and their sides, actors, projects,
exchanges, knowledge, learning outcomes and resources."""
