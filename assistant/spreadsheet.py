"""CSV cells that a spreadsheet shows as text, never runs (OWASP's advice against CSV injection)."""

_FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` with a leading quote when it starts with a formula sign; the stored text stays as it was."""
    return "'" + cell if cell.startswith(_FORMULA_SIGNS) else cell
