from .views import FindingViewSet, RecommendationViewSet, ReviewViewSet

ROUTES = [
    ("reviews", ReviewViewSet, "review"),
    ("findings", FindingViewSet, "finding"),
    ("recommendations", RecommendationViewSet, "recommendation"),
]
