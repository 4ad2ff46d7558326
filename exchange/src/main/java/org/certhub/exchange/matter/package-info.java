/** Administrative service matters (政务服务事项): the stated purpose every pull is bound to. */
package org.certhub.exchange.matter;
