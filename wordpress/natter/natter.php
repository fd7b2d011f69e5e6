<?php
/**
 * Plugin Name: natter
 * Description: Lets the natter comment widget, embedded on the sites you list, post guest comments through the REST API, and adds post likes and batched comment counts.
 * Version: 0.1.0
 * Requires at least: 6.1
 * Requires PHP: 7.4
 * License: MIT
 * Text Domain: natter
 */

defined( 'ABSPATH' ) || exit;

const NATTER_VERSION = '0.1.0';
/** Most likers a summary names (the count covers all of them). */
const NATTER_LIKERS_SHOWN = 20;
/** Most pages one count request may ask about. */
const NATTER_COUNT_PAGES_MAX = 100;

/**
 * The origins (scheme://host[:port]) whose pages may post as guests, from the
 * NATTER_ORIGINS constant (space- or newline-separated) or else the setting.
 *
 * @return string[]
 */
function natter_allowed_origins() {
	$list = defined( 'NATTER_ORIGINS' ) ? NATTER_ORIGINS : (string) get_option( 'natter_origins', '' );
	$origins = array();
	foreach ( preg_split( '/[\s,]+/', $list, -1, PREG_SPLIT_NO_EMPTY ) as $entry ) {
		$origin = natter_origin_of( $entry );
		if ( $origin !== null ) {
			$origins[] = $origin;
		}
	}
	return array_values( array_unique( $origins ) );
}

/** `scheme://host[:port]` of an http(s) URL in lower case, or null. */
function natter_origin_of( $url ) {
	$parts = wp_parse_url( trim( (string) $url ) );
	if ( ! is_array( $parts ) || empty( $parts['host'] ) || ! in_array( strtolower( $parts['scheme'] ?? '' ), array( 'http', 'https' ), true ) ) {
		return null;
	}
	$origin = strtolower( $parts['scheme'] . '://' . $parts['host'] );
	return isset( $parts['port'] ) ? $origin . ':' . (int) $parts['port'] : $origin;
}

/** Whether the request comes from a page on one of the listed origins (its Origin header). */
function natter_origin_allowed( WP_REST_Request $request ) {
	$origin = natter_origin_of( (string) $request->get_header( 'origin' ) );
	return $origin !== null && in_array( $origin, natter_allowed_origins(), true );
}

// Guest comments over REST, only from the listed origins; everything else keeps core's answer.
add_filter( 'rest_allow_anonymous_comments', function ( $allowed, $request ) {
	return $allowed || ( $request instanceof WP_REST_Request && natter_origin_allowed( $request ) );
}, 10, 2 );

// The widget names its reader for likes in this header (a random id of that browser, never a credential).
add_filter( 'rest_allowed_cors_headers', function ( $headers ) {
	$headers[] = 'X-Natter-Liker';
	return $headers;
} );

// WordPress 6.1 accepts any `parent`; refuse one that is not an approved comment on the same post.
add_filter( 'rest_preprocess_comment', function ( $prepared, $request ) {
	$parent_id = isset( $prepared['comment_parent'] ) ? (int) $prepared['comment_parent'] : 0;
	if ( $parent_id === 0 ) {
		return $prepared;
	}
	$parent = get_comment( $parent_id );
	if ( ! $parent || (int) $parent->comment_post_ID !== (int) ( $prepared['comment_post_ID'] ?? 0 ) || $parent->comment_approved !== '1' ) {
		return new WP_Error( 'rest_comment_invalid_parent', __( 'The comment replied to does not exist.', 'natter' ), array( 'status' => 400 ) );
	}
	return $prepared;
}, 10, 2 );

add_action( 'admin_init', function () {
	register_setting( 'discussion', 'natter_origins', array(
		'type' => 'string', 'sanitize_callback' => 'natter_sanitize_origins', 'default' => '',
	) );
	add_settings_field( 'natter_origins', __( 'natter: sites that may post guest comments', 'natter' ), function () {
		printf(
			'<textarea name="natter_origins" id="natter_origins" rows="4" cols="50" class="large-text code">%s</textarea><p class="description">%s</p>',
			esc_textarea( (string) get_option( 'natter_origins', '' ) ),
			esc_html__( 'One origin a line, e.g. https://blog.example. Pages on these sites can post guest comments and likes through the natter widget.', 'natter' )
		);
	}, 'discussion' );
} );

// Also editable over REST by administrators (/wp/v2/settings), like core's discussion settings.
add_action( 'rest_api_init', function () {
	register_setting( 'natter', 'natter_origins', array(
		'type' => 'string', 'sanitize_callback' => 'natter_sanitize_origins', 'default' => '', 'show_in_rest' => true,
	) );
	natter_register_routes();
} );

/** Keeps the valid origins of a textarea's lines, one a line. */
function natter_sanitize_origins( $value ) {
	$origins = array();
	foreach ( preg_split( '/[\s,]+/', (string) $value, -1, PREG_SPLIT_NO_EMPTY ) as $entry ) {
		$origin = natter_origin_of( $entry );
		if ( $origin !== null ) {
			$origins[] = $origin;
		}
	}
	return implode( "\n", array_unique( $origins ) );
}

require __DIR__ . '/natter-routes.php';
