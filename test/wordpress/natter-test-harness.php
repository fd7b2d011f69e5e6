<?php
/**
 * Plugin Name: natter test harness
 * Description: Installed only on natter's integration-test WordPress. Lets the tests
 *   switch discussion settings over REST as admin, keeps WordPress's per-IP flood
 *   check off (every test request comes from 127.0.0.1), and lets one request act
 *   as if natter's plugin were not installed.
 */

// A request with `X-Natter-Test-Plugin: off` sees a site without natter's plugin.
// Must-use plugins load before normal plugins, so the list can still be filtered.
if ( isset( $_SERVER['HTTP_X_NATTER_TEST_PLUGIN'] ) && $_SERVER['HTTP_X_NATTER_TEST_PLUGIN'] === 'off' ) {
	add_filter( 'option_active_plugins', function ( $plugins ) {
		return array_values( array_diff( (array) $plugins, array( 'natter/natter.php' ) ) );
	} );
}

add_action( 'init', function () {
	if ( ! get_option( 'natter_test_flood_control', false ) ) {
		remove_action( 'check_comment_flood', 'check_comment_flood_db', 10 );
	}
	$settings = array(
		'comment_moderation' => 'boolean', 'comment_previously_approved' => 'boolean',
		'comment_registration' => 'boolean', 'require_name_email' => 'boolean',
		'natter_test_flood_control' => 'boolean', 'thread_comments_depth' => 'integer',
	);
	foreach ( $settings as $name => $type ) {
		register_setting( 'discussion', $name, array( 'type' => $type, 'show_in_rest' => true ) );
	}
} );
