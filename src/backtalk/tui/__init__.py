"""The Textual chat UI: the only part of backtalk that imports textual."""
