from rest_framework.routers import SimpleRouter

from .views import WebhookDeliveryViewSet

router = SimpleRouter()
router.register("webhooks/deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")

urlpatterns = router.urls
