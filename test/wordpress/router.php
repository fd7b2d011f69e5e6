<?php
// Router for `php -S` in front of Debian's WordPress (natter's integration tests,
// started by scripts/wordpress-test-site.sh). It runs in WordPress's global scope,
// hence the prefixed names.

// php -S leaves environment variables out of $_SERVER; Debian's wp-config.php
// picks /etc/wordpress/config-$WORDPRESS_CONFIG.php from there.
$_SERVER['WORDPRESS_CONFIG'] = getenv( 'WORDPRESS_CONFIG' );
$natter_core = '/usr/share/wordpress';
$natter_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( strpos( $natter_path, "\0" ) !== false || preg_match( '#(^|/)\.\.(/|$)#', $natter_path ) ) {
	http_response_code( 400 );
	return true;
}
// Debian keeps wp-content (plugins, uploads) under /var/lib/wordpress.
if ( strncmp( $natter_path, '/wp-content/', 12 ) === 0 && is_file( '/var/lib/wordpress' . $natter_path ) ) {
	if ( substr( $natter_path, -4 ) === '.php' ) {
		http_response_code( 403 );
		return true;
	}
	$natter_types = array( 'css' => 'text/css', 'js' => 'text/javascript', 'png' => 'image/png', 'svg' => 'image/svg+xml' );
	header( 'Content-Type: ' . ( $natter_types[ pathinfo( $natter_path, PATHINFO_EXTENSION ) ] ?? 'application/octet-stream' ) );
	readfile( '/var/lib/wordpress' . $natter_path );
	return true;
}
$natter_file = $natter_core . $natter_path;
if ( $natter_path !== '/' && is_dir( $natter_file ) ) {
	if ( substr( $natter_path, -1 ) !== '/' ) {
		header( 'Location: ' . $natter_path . '/', true, 301 );
		return true;
	}
	$natter_path .= 'index.php';
	$natter_file  = $natter_core . $natter_path;
}
if ( $natter_path !== '/' && is_file( $natter_file ) && substr( $natter_file, -4 ) !== '.php' ) {
	return false; // a static file under the document root: php -S serves it
}
if ( $natter_path === '/' || ! is_file( $natter_file ) ) {
	// Everything else goes to the front controller: pretty permalinks and /wp-json/.
	$natter_path = '/index.php';
	$natter_file = $natter_core . '/index.php';
}
$_SERVER['SCRIPT_FILENAME'] = $natter_file;
$_SERVER['SCRIPT_NAME']     = $natter_path;
$_SERVER['PHP_SELF']        = $natter_path;
chdir( dirname( $natter_file ) );
require $natter_file;
return true;
