"""Views of the market app: public.py (the public site), officer.py (office), owner.py (/saya/)."""
