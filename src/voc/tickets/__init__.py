"""Ticket and complaint logs as an input: service metrics, SLA breaches and per-ticket pain points."""

from voc.tickets.analyze import analyze_tickets
from voc.tickets.columns import ROLES, TicketColumns, detect_ticket_columns
from voc.tickets.metrics import parse_closed, parse_confirmed, summarize, ticket_metrics
from voc.tickets.sla import SLA, load_sla

__all__ = [
    "ROLES",
    "SLA",
    "TicketColumns",
    "analyze_tickets",
    "detect_ticket_columns",
    "load_sla",
    "parse_closed",
    "parse_confirmed",
    "summarize",
    "ticket_metrics",
]
