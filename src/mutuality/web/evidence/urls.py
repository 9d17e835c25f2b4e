from django.urls import include, path

from mutuality.web.evidence import views, views_coding
from mutuality.web.lazy import LazyPages

views_analysis = LazyPages("mutuality.web.evidence.views_analysis")
views_words = LazyPages("mutuality.web.evidence.views_words")

urlpatterns = [
    path("sources/", views.source_list, name="sources"),
    path("sources/new/", views.source_new, name="source-new"),
    path("sources/<slug:key>/", views.source_detail, name="source"),
    path("sources/<slug:key>/edit/", views.source_edit, name="source-edit"),
    path("sources/<slug:key>/text/", views.source_text, name="source-text"),
    path("sources/<slug:key>/codings/", views_coding.coding_create, name="coding-create"),
    path("sources/<slug:key>/undo/", views_coding.coding_undo, name="coding-undo"),
    path("sources/<slug:key>/code-counts/", views_coding.code_counts, name="code-counts"),
    path("sources/<slug:key>/codings-after/", views_coding.codings_after, name="codings-after"),
    path("codings/<id:pk>/change/", views_coding.coding_change, name="coding-change"),
    path("codings/<id:pk>/edge/", views_coding.coding_edge, name="coding-edge"),
    path("codings/<id:pk>/delete/", views_coding.coding_delete, name="coding-delete"),
    path("codings/<id:pk>/memo/", views.coding_memo, name="coding-memo"),
    path("codes/", views.codebook_view, name="codebook"),
    path("codes/new/", views.code_edit, name="code-new"),
    path("codes/<id:pk>/edit/", views.code_edit, name="code-edit"),
    path("codes/<id:pk>/merge/", views.code_merge, name="code-merge"),
    path("codes/<id:pk>/passages/", views.code_passages, name="code-passages"),
    path("passages/", views.code_passages, name="passages"),
    path("matrix/", views.matrix_view, name="matrix"),
    path("search/", views.search_view, name="search"),
    path("words/", views_words.words_view, name="words"),
    path("framework-matrix/", views.framework_matrix_view, name="framework-matrix"),
    path("framework-matrix/<slug:partnership>/<id:code>/", views.framework_cell_edit, name="framework-cell"),
    path(
        "framework-matrix/<slug:partnership>/<slug:side>/<id:code>/",
        views.framework_cell_edit,
        name="framework-side-cell",
    ),
    path("sources/<slug:ident>/memos/", views.memo_add, {"target": "source"}, name="source-memo-add"),
    path("codes/<id:ident>/memos/", views.memo_add, {"target": "code"}, name="code-memo-add"),
    path("respondents/", views.respondent_list, name="respondents"),
    path("respondents/new/", views.respondent_edit, name="respondent-new"),
    path("respondents/<slug:key>/edit/", views.respondent_edit, name="respondent-edit"),
    path("", include("mutuality.web.evidence.urls_assistant")),
    path("agreement/", views_analysis.agreement_view, name="agreement"),
    path("cooccurrence/", views_analysis.cooccurrence_view, name="cooccurrence"),
    path("query/", views_analysis.code_query_view, name="code-query"),
]
