"""The pages of agency action plans, one module per area, each with its own urlpatterns."""
