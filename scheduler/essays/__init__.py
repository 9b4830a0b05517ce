"""Reading and understanding source documents: essays, footers, sentences and quotes."""
