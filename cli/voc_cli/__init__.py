"""voc's command-line layer (Typer). A thin shell over the library: nothing here computes results."""
