"""The results page: model, filters, the card delegate and the page itself."""

from ui.results.model import ResultsModel
from ui.results.view import ResultsPage

__all__ = ["ResultsModel", "ResultsPage"]
