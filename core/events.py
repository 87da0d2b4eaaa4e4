"""Domain events other apps react to. Senders fire them with transaction.on_commit, so a
receiver only sees committed data; receivers hand the work to a service or a Celery task.

    customer_created(customer_id)
    customer_lifecycle_changed(customer_id, from_state, to_state, cause)
    order_created(order_id, customer_id)
    complaint_transitioned(complaint_id, action, from_state, to_state)
    complaint_escalated(complaint_id, step)
    complaint_evaluated(complaint_id, customer_id): the complaint's evaluation step is done.
    survey_response_received(response_id, customer_id)
"""

from django.dispatch import Signal

customer_created = Signal()
customer_lifecycle_changed = Signal()
order_created = Signal()
complaint_transitioned = Signal()
complaint_escalated = Signal()
complaint_evaluated = Signal()
survey_response_received = Signal()
