"""The forms of the outline nodes: 报头, sections with their block editors, 版记."""
