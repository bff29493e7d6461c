from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
]
