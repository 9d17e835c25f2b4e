from django.contrib.auth import views as auth_views
from django.urls import path

from mutuality.accounts import views

urlpatterns = [
    # Included before mutuality.web, so this login page (throttled, with the reset link) is the one served.
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("accounts/invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("partnerships/<slug:key>/members/", views.members, name="members"),
    path("partnerships/<slug:key>/members/add/", views.member_add, name="member-add"),
    path("partnerships/<slug:key>/members/<id:pk>/remove/", views.member_remove, name="member-remove"),
    path("partnerships/<slug:key>/members/invite/", views.invitation_new, name="invitation-new"),
    path(
        "partnerships/<slug:key>/members/invitations/<id:pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("partnerships/<slug:key>/members/assign/", views.assignment_add, name="assignment-add"),
    path(
        "partnerships/<slug:key>/members/assignments/<id:pk>/remove/",
        views.assignment_remove,
        name="assignment-remove",
    ),
    path(
        "partnerships/<slug:key>/members/blind-coding/", views.blind_coding, name="partnership-blind-coding"
    ),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_edit, name="organisation-new"),
    path("organisations/<id:pk>/edit/", views.organisation_edit, name="organisation-edit"),
]
