"""HTTP routes of the Procountor simulator: a thin layer that parses, calls the domain and answers."""
