<?php
// php export-wxr.php — run by `scripts/wordpress-test-site.sh export-wxr`: WordPress's own
// exporter (what Tools → Export → Posts downloads, export_wp() in wp-admin/includes/export.php),
// the WXR file on standard output.
$_SERVER['WORDPRESS_CONFIG'] = getenv( 'WORDPRESS_CONFIG' );
$_SERVER['HTTP_HOST']        = getenv( 'NATTER_WP_HOST' );
$_SERVER['SERVER_NAME']      = '127.0.0.1';
$_SERVER['REQUEST_URI']      = '/wp-admin/export.php';
$_SERVER['REQUEST_METHOD']   = 'GET';
$_SERVER['SERVER_PROTOCOL']  = 'HTTP/1.1';
$_SERVER['REMOTE_ADDR']      = '127.0.0.1';
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/export.php';

// As the admin, as in wp-admin (the exporter reads what its user may see).
wp_set_current_user( get_user_by( 'login', 'admin' )->ID );
export_wp( array( 'content' => 'post' ) );
