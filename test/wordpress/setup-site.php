<?php
// php setup-site.php install|fixtures — run by scripts/wordpress-test-site.sh.
// `install` runs wp_install() once (bookworm has no wp-cli); `fixtures` puts the
// site into the state natter's tests expect and prints it as JSON.
$natter_mode = $argv[1] ?? 'fixtures';
$_SERVER['WORDPRESS_CONFIG'] = getenv( 'WORDPRESS_CONFIG' );
$_SERVER['HTTP_HOST']        = getenv( 'NATTER_WP_HOST' );
$_SERVER['SERVER_NAME']      = '127.0.0.1';
$_SERVER['REQUEST_URI']      = '/';
$_SERVER['REQUEST_METHOD']   = 'GET';
$_SERVER['SERVER_PROTOCOL']  = 'HTTP/1.1';
$_SERVER['REMOTE_ADDR']      = '127.0.0.1';
if ( $natter_mode === 'install' ) {
	define( 'WP_INSTALLING', true );
	function wp_new_blog_notification() {} // pluggable: there is no mail here
}
require '/usr/share/wordpress/wp-load.php';

if ( $natter_mode === 'install' ) {
	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( ! is_blog_installed() ) {
		wp_install( 'natter test blog', 'admin', 'admin@example.com', false, '', wp_generate_password( 24 ) );
	}
	exit( 0 );
}

require_once ABSPATH . 'wp-admin/includes/plugin.php';
$dir = getenv( 'NATTER_WP_DIR' );

global $wp_rewrite;
$wp_rewrite->set_permalink_structure( '/%postname%/' );
flush_rewrite_rules( false );

foreach ( array(
	'comment_moderation' => '0', 'comment_previously_approved' => '1', 'comment_registration' => '0',
	'require_name_email' => '1', 'thread_comments' => '1', 'thread_comments_depth' => '5',
	'close_comments_for_old_posts' => '0', 'default_comment_status' => 'open', 'comment_max_links' => '2',
	'moderation_keys' => '', 'disallowed_keys' => '', 'timezone_string' => 'UTC', 'natter_test_flood_control' => '0',
) as $name => $value ) {
	update_option( $name, $value );
}

// The origin natter's Node tests send; the browser tests add their page's origin.
update_option( 'natter_origins', 'http://natter-tests.invalid' );

$activated = activate_plugin( 'natter/natter.php' );
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, $activated->get_error_message() . "\n" );
	exit( 1 );
}

$admin = get_user_by( 'login', 'admin' );
// An application password's plaintext exists only when it is made: keep it in the state directory.
$password_file = "$dir/admin-app-password";
if ( ! is_readable( $password_file ) || ! WP_Application_Passwords::application_name_exists_for_user( $admin->ID, 'natter-tests' ) ) {
	foreach ( WP_Application_Passwords::get_user_application_passwords( $admin->ID ) as $item ) {
		WP_Application_Passwords::delete_application_password( $admin->ID, $item['uuid'] );
	}
	$made = WP_Application_Passwords::create_new_application_password( $admin->ID, array( 'name' => 'natter-tests' ) );
	if ( is_wp_error( $made ) ) {
		fwrite( STDERR, $made->get_error_message() . "\n" );
		exit( 1 );
	}
	file_put_contents( $password_file, $made[0] );
	chmod( $password_file, 0600 );
}

function natter_test_post( $slug, $comment_status, $author ) {
	$post = get_page_by_path( $slug, OBJECT, 'post' );
	$id   = wp_insert_post( array(
		'ID' => $post ? $post->ID : 0, 'post_name' => $slug, 'post_title' => ucfirst( str_replace( '-', ' ', $slug ) ),
		'post_status' => 'publish', 'post_type' => 'post', 'comment_status' => $comment_status,
		'ping_status' => 'closed', 'post_author' => $author, 'post_content' => 'A post for natter\'s tests.',
	), true );
	if ( is_wp_error( $id ) ) {
		fwrite( STDERR, $id->get_error_message() . "\n" );
		exit( 1 );
	}
	return $id;
}

echo wp_json_encode( array(
	'baseUrl'          => home_url(),
	'openPostId'       => natter_test_post( 'natter-open-post', 'open', $admin->ID ),
	'closedPostId'     => natter_test_post( 'natter-closed-post', 'closed', $admin->ID ),
	'adminUser'        => 'admin',
	'adminAppPassword' => trim( file_get_contents( $password_file ) ),
	'version'          => get_bloginfo( 'version' ),
), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ), "\n";
