"""Low-level pieces every app may use; core imports no app of the project."""
