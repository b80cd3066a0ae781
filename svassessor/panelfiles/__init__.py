"""The offline panel (DESIGN §6): one file per assessor out, their work merged back in."""
