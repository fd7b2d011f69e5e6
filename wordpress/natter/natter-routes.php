<?php
/**
 * natter's REST routes, under /wp-json/natter/v1 (or ?rest_route=/natter/v1/…):
 *   GET  config          what this site offers the widget
 *   GET  resolve?url=    the post a page URL shows
 *   GET  counts?pages[]= approved comment counts of many pages (post ids or URLs)
 *   GET  likes/<post>    the post's likes ("N bloggers like this")
 *   POST likes/<post>    like or unlike, {liked, name?, url?}, the reader in X-Natter-Liker
 * Errors use WordPress's own shape: {code, message, data: {status}}.
 */

defined( 'ABSPATH' ) || exit;

/** Registers the routes (on rest_api_init). */
function natter_register_routes() {
	$public = '__return_true';
	register_rest_route( 'natter/v1', '/config', array(
		'methods' => 'GET', 'permission_callback' => $public, 'callback' => 'natter_route_config',
	) );
	register_rest_route( 'natter/v1', '/resolve', array(
		'methods' => 'GET', 'permission_callback' => $public, 'callback' => 'natter_route_resolve',
		'args' => array( 'url' => array( 'type' => 'string', 'required' => true, 'maxLength' => 2048 ) ),
	) );
	register_rest_route( 'natter/v1', '/counts', array(
		'methods' => 'GET', 'permission_callback' => $public, 'callback' => 'natter_route_counts',
		'args' => array( 'pages' => array(
			'type' => 'array', 'required' => true, 'maxItems' => NATTER_COUNT_PAGES_MAX,
			'items' => array( 'type' => 'string', 'maxLength' => 2048 ),
		) ),
	) );
	$post_arg = array( 'post' => array( 'type' => 'integer', 'minimum' => 1, 'required' => true ) );
	register_rest_route( 'natter/v1', '/likes/(?P<post>\d+)', array(
		array( 'methods' => 'GET', 'permission_callback' => $public, 'callback' => 'natter_route_likes', 'args' => $post_arg ),
		array(
			'methods' => 'POST', 'permission_callback' => $public, 'callback' => 'natter_route_set_like',
			'args' => $post_arg + array(
				'liked' => array( 'type' => 'boolean', 'required' => true ),
				'name' => array( 'type' => 'string', 'maxLength' => 245 ),
				'url' => array( 'type' => 'string', 'format' => 'uri', 'maxLength' => 200 ),
			),
		),
	) );
}

function natter_route_config( WP_REST_Request $request ) {
	$origin_allowed = natter_origin_allowed( $request );
	return array(
		'version' => NATTER_VERSION,
		'guests' => $origin_allowed && ! get_option( 'comment_registration' ),
		'originAllowed' => $origin_allowed,
		'requireNameEmail' => (bool) get_option( 'require_name_email' ),
		'threadDepth' => get_option( 'thread_comments' ) ? max( 1, (int) get_option( 'thread_comments_depth' ) ) : 1,
		'likes' => true,
		'counts' => true,
	);
}

/** The published post a page id names (a post id or a URL of this site), or null. */
function natter_post_for( $page ) {
	$page = trim( (string) $page );
	$id = ctype_digit( $page ) ? (int) $page : url_to_postid( $page );
	$post = $id > 0 ? get_post( $id ) : null;
	if ( ! $post && ! ctype_digit( $page ) ) {
		// An address this site's permalinks do not know: its last segment may still be a post's slug.
		$segments = array_filter( explode( '/', (string) wp_parse_url( $page, PHP_URL_PATH ) ) );
		$slug     = sanitize_title( rawurldecode( (string) end( $segments ) ) );
		$post     = $slug !== '' ? get_page_by_path( $slug, OBJECT, array( 'post', 'page' ) ) : null;
	}
	return $post && $post->post_status === 'publish' && ! post_password_required( $post ) ? $post : null;
}

function natter_route_resolve( WP_REST_Request $request ) {
	$post = natter_post_for( $request['url'] );
	if ( ! $post ) {
		return new WP_Error( 'natter_page_not_found', __( 'No published post has this address.', 'natter' ), array( 'status' => 404 ) );
	}
	return array( 'id' => $post->ID, 'commentStatus' => $post->comment_status, 'link' => get_permalink( $post ) );
}

function natter_route_counts( WP_REST_Request $request ) {
	$counts = array();
	foreach ( $request['pages'] as $page ) {
		$post = natter_post_for( $page );
		$counts[ $page ] = $post ? (int) get_comments_number( $post ) : 0;
	}
	return array( 'counts' => (object) $counts );
}

/** The liker id of X-Natter-Liker, hashed (WordPress stores no reader id in the clear), or null. */
function natter_liker( WP_REST_Request $request ) {
	$liker = (string) $request->get_header( 'x_natter_liker' );
	return preg_match( '/^[A-Za-z0-9_-]{16,128}$/', $liker ) ? hash_hmac( 'sha256', $liker, wp_salt( 'nonce' ) ) : null;
}

/** The likes of a post as the widget shows them. */
function natter_like_summary( $post_id, $liker ) {
	$likes = get_post_meta( $post_id, '_natter_like' );
	usort( $likes, function ( $a, $b ) {
		return ( $b['time'] ?? 0 ) <=> ( $a['time'] ?? 0 );
	} );
	$likers = array();
	$liked = false;
	foreach ( $likes as $like ) {
		$liked = $liked || ( $liker !== null && ( $like['liker'] ?? '' ) === $liker );
		if ( ( $like['name'] ?? '' ) !== '' && count( $likers ) < NATTER_LIKERS_SHOWN ) {
			$likers[] = array_filter( array( 'name' => $like['name'], 'url' => $like['url'] ?? '' ) );
		}
	}
	return array( 'count' => count( $likes ), 'liked' => $liked, 'likers' => $likers );
}

function natter_likeable_post( WP_REST_Request $request ) {
	$post = get_post( (int) $request['post'] );
	if ( ! $post || $post->post_status !== 'publish' || post_password_required( $post ) ) {
		return new WP_Error( 'natter_page_not_found', __( 'No published post has this id.', 'natter' ), array( 'status' => 404 ) );
	}
	return $post;
}

function natter_route_likes( WP_REST_Request $request ) {
	$post = natter_likeable_post( $request );
	return is_wp_error( $post ) ? $post : natter_like_summary( $post->ID, natter_liker( $request ) );
}

function natter_route_set_like( WP_REST_Request $request ) {
	$post = natter_likeable_post( $request );
	if ( is_wp_error( $post ) ) {
		return $post;
	}
	if ( ! natter_origin_allowed( $request ) ) {
		return new WP_Error( 'natter_origin_not_allowed', __( 'Likes are not enabled for this site.', 'natter' ), array( 'status' => 403 ) );
	}
	$liker = natter_liker( $request );
	if ( $liker === null ) {
		return new WP_Error( 'natter_liker_invalid', __( 'The X-Natter-Liker header is missing or malformed.', 'natter' ), array( 'status' => 400 ) );
	}
	$name = trim( sanitize_text_field( (string) $request['name'] ) );
	$url = esc_url_raw( (string) $request['url'], array( 'http', 'https' ) );
	$mine = false;
	foreach ( get_post_meta( $post->ID, '_natter_like' ) as $like ) {
		if ( ( $like['liker'] ?? '' ) === $liker ) {
			$mine = $like;
		}
	}
	if ( $request['liked'] && $mine === false ) {
		add_post_meta( $post->ID, '_natter_like', array( 'liker' => $liker, 'name' => $name, 'url' => $url, 'time' => time() ) );
	} elseif ( ! $request['liked'] && $mine !== false ) {
		delete_post_meta( $post->ID, '_natter_like', $mine );
	}
	return natter_like_summary( $post->ID, $liker );
}
