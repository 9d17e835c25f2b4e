"""Data in and out: the Mutuality data format (YAML/JSON) and, later, spreadsheets and REFI-QDA."""
