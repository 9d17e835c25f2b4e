"""The REFI-QDA pages: import a project from another QDA program, export one to it."""
