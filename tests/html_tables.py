"""Reading the notebook displays back: the cells of every table of an HTML string."""
import xml.etree.ElementTree as ET


def tables(html):
    """Every ``<table>`` as a list of rows of cell texts (header rows included)."""
    root = ET.fromstring(html)  # the displays are well-formed XHTML
    return [[["".join(c.itertext()) for c in row] for row in table.iter("tr")]
            for table in root.iter("table")]


def number(text):
    """A displayed number: ``'1,234'`` -> 1234."""
    return int(text.replace(",", ""))
