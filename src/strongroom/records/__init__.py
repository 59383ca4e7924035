"""The records platform: business records of a company (contacts, absences, expenses, invoices,
documents) and the approval workflow over them."""
