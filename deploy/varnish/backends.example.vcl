# The app servers (gunicorn), one backend each, all in the round-robin director `app`.
backend app1 {
    .host = "10.0.0.11";
    .port = "8000";
    .probe = app_alive;
}
backend app2 {
    .host = "10.0.0.12";
    .port = "8000";
    .probe = app_alive;
}

sub vcl_init {
    app.add_backend(app1);
    app.add_backend(app2);
}
