"""Negotiation with the lender: the programmes a lender is known to offer and the options that fit a case
(`programmes`), how sure we are of a sourced fact (`sources`), the lender's answer to a contact and the
check of a counter-offer (`outcomes`), and the agreed schedule with its payments (`agreements`)."""
