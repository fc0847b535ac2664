"""Programs and partners: programs, activities, participation and outcomes, reach, constraints
routed to partner agencies (mitra), and associations (asosiasi) that keep their members' data."""
