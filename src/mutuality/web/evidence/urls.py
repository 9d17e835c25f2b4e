from django.urls import path

from mutuality.web.evidence import views, views_analysis, views_words

urlpatterns = [
    path("sources/", views.source_list, name="sources"),
    path("sources/new/", views.source_new, name="source-new"),
    path("sources/<slug:key>/", views.source_detail, name="source"),
    path("sources/<slug:key>/edit/", views.source_edit, name="source-edit"),
    path("sources/<slug:key>/text/", views.source_text, name="source-text"),
    path("sources/<slug:key>/codings/", views.coding_create, name="coding-create"),
    path("codings/<id:pk>/delete/", views.coding_delete, name="coding-delete"),
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
    path("agreement/", views_analysis.agreement_view, name="agreement"),
    path("cooccurrence/", views_analysis.cooccurrence_view, name="cooccurrence"),
    path("query/", views_analysis.code_query_view, name="code-query"),
]
